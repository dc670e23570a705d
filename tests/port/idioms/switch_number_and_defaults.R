# switch() on numbers, fall-through, defaults, and no match
level <- function(n) switch(n, "low", "medium", "high")
for (n in 1:4) print(is.null(level(n)))
print(level(2))
print(level(2.7))
kind <- function(x) {
  switch(x,
    text = ,
    plain = "a message",
    attachment = {
      cat("an attachment\n")
      "a file"
    },
    "something else"
  )
}
print(kind("text"))
print(kind("attachment"))
print(kind("event"))
picked <- switch("zz", a = 1, b = 2)
print(is.null(picked))
switch("b", a = cat("A\n"), b = cat("B\n"))
cat(switch(2, "one", "two"), "\n")
r <- try(switch("q", "d1", a = 1, "d2"), silent = TRUE)
cat(r)

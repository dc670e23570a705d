# switch with blocks
f <- function(kind) {
  switch(kind,
    greet = {
      cat("hello\n")
      "greeted"
    },
    bye = "bye"
  )
}
print(f("greet"))
print(f("bye"))
print(is.null(f("none")))

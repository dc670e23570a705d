# A language-level program: switch
reply <- function(intent) {
  switch(intent, hello = "Hi!", order = "Your order is on its way.", "Sorry, I did not get that.")
}
shout <- function(kind, text) switch(kind, loud = toupper(text), quiet = tolower(text), text)
for (i in c("hello", "order", "other")) cat(reply(i), "\n")
cat(shout("loud", "Hey"), shout("quiet", "Hey"), shout("plain", "Hey"), "\n")
x <- switch("zzz", a = 1)
cat(is.null(x), "\n")

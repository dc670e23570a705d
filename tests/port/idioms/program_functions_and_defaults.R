# A language-level program: functions and defaults
greet <- function(name, punctuation = "!") {
  paste0("Hello, ", name, punctuation)
}
shout <- function(x) toupper(x)
cat(greet("Ana"), greet("Bo", "?"), shout("hey"), "\n")
twice <- function(n) n * 2
print(twice(21))
twice(4)

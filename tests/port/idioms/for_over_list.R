# for over a list's elements
items <- list(list(Content = "hi"), list(Content = "there"))
for (it in items) cat(it$Content, "\n")

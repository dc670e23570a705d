# gsub, sub, grepl with regular expressions
print(gsub("[0-9]+", "#", "a1b22c333"))
print(sub("^ +", "", "   lead"))
print(grepl("^A", c("Apple", "banana")))

# strsplit gives a list; trimws each element
parts <- strsplit("a, b ,c", ",")[[1]]
print(trimws(parts))
print(strsplit(c("a-b", "c"), "-"))

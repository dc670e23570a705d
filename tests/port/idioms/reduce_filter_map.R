# Reduce, Filter, Map
cat(Reduce(`+`, 1:4), "\n")
print(Filter(function(v) v > 1, c(1, 2, 3)))
print(Map(function(a, b) a + b, 1:2, 3:4))

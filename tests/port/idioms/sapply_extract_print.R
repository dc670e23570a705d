# sapply simplifies to a vector
l <- list(list(Role = "AGENT"), list(Role = "CUSTOMER"))
print(sapply(l, `[[`, "Role"))
print(sapply(1:3, function(i) i * 2))

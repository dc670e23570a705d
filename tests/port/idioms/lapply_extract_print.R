# lapply gives a list, printed as [[1]] blocks
l <- list(list(Role = "AGENT"), list(Role = "CUSTOMER"))
print(lapply(l, `[[`, "Role"))

# unlist of a named list: names as R makes them
print(unlist(list(a = 1, b = 2)))
print(unlist(list(a = 1, b = list(c = 2, d = 3), e = c(4, 5))))
roles <- list(agent = "Ann", customer = "Bob")
print(unlist(roles))
print(unlist(list(1, 2, 3)))
print(unlist(list(a = list(1, x = 2))))
print(unlist(list(a = list(1, x = 2, 3))))
print(c(a = c(1, x = 2)))

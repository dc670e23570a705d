# magrittr's pipe
library(magrittr)
c(1, 4, 9) %>% sqrt() %>% print()
x <- c("a", "b") %>% toupper
print(x)

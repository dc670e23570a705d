# assigning a list copies it: changing the copy leaves the original
res <- list(Id = "x1", Items = list(1, 2))
res2 <- res
res2$Id <- "x2"
res2$Items[[1]] <- 99
cat(res$Id, res2$Id, res$Items[[1]], res2$Items[[1]], "\n")

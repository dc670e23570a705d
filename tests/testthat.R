library(testthat)
library(paws.compat)

test_check("paws.compat")

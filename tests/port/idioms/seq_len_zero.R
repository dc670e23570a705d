# seq_len(0) runs the loop no times
for (i in seq_len(0)) cat("never\n")
cat("done\n")

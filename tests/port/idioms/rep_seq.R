# rep and seq
print(rep("x", 3))
print(seq(1, 10, by = 3))
print(seq_len(4))

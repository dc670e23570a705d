# a long named vector wraps at 80 columns, names above values
waits <- c(monday = 12.5, tuesday = 30, wednesday = 8, thursday = 41.25, friday = 3,
           saturday = 0, sunday = 17, holiday = NA)
print(waits)
print(round(waits))
print(is.na(waits))

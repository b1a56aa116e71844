module example.com/httptests

go 1.21

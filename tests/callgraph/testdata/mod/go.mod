module example.com/cgtest

go 1.22

require example.com/lib v0.1.0

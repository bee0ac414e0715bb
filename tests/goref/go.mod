module winparity/goref

go 1.22

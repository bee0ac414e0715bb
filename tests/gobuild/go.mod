module winparity/gobuild

go 1.22

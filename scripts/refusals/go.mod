module winparity/scripts/refusals

go 1.22

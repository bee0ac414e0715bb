
var(Ù1,
// Placeholder entry point; the dev server issue (3) replaces it.
return 0;

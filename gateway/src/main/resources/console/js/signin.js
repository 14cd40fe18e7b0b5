// The sign-in page (filled in next).

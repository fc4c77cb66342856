// The theme the user chose last (night.js switches it), set before the page is drawn so a dark
// console never flashes white.
document.documentElement.dataset.theme = localStorage.getItem("valvo.theme") || "light";

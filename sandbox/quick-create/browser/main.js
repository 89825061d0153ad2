/** Browser-side: starts the console once the other pieces are defined. */
var regionLabel = document.getElementById("region-label");
regionLabel.textContent = REGION_NAMES[region] ? REGION_NAMES[region] + " (" + region + ")" : region;
window.addEventListener("hashchange", route);
route();

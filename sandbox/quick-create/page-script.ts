import { SCRIPT_CORE } from "./script-core";
import { SCRIPT_FORM } from "./script-form";
import { SCRIPT_STACK } from "./script-stack";

/** The console's script: the pieces share one function scope, then route on the hash. */
export const CONSOLE_SCRIPT = `(function () {
${SCRIPT_CORE}
${SCRIPT_FORM}
${SCRIPT_STACK}
var regionLabel = document.getElementById("region-label");
regionLabel.textContent = REGION_NAMES[region] ? REGION_NAMES[region] + " (" + region + ")" : region;
window.addEventListener("hashchange", route);
route();
})();
`;

// Copies Designsystemet's built CSS and its licences into our static files.
// Run after changing a version in package.json: `npm ci && npm run vendor`.
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(root, "selvhjelp", "static", "vendor", "designsystemet");
mkdirSync(target, { recursive: true });

const files = [
  ["@digdir/designsystemet-css/dist/src/index.css", "designsystemet.css"],
  ["@digdir/designsystemet-css/LICENSE", "LICENSE-designsystemet-css"],
  ["@digdir/designsystemet-theme/brand/digdir.css", "theme-digdir.css"],
  ["@digdir/designsystemet-theme/LICENSE", "LICENSE-designsystemet-theme"],
];
for (const [source, name] of files) {
  copyFileSync(join(root, "node_modules", source), join(target, name));
}
const versions = ["css", "theme"].map((pkg) => {
  const meta = JSON.parse(
    readFileSync(join(root, "node_modules", "@digdir", `designsystemet-${pkg}`, "package.json")),
  );
  return `${meta.name}@${meta.version}`;
});
console.log(`Copied ${versions.join(", ")} into ${target}`);

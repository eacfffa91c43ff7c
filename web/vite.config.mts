// Vite config of the web companion: root web/, built into build/web/ (beside the Fitbit package).
// The service worker is written at build time with the list of files it must cache for offline use.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";

const webRoot = fileURLToPath(new URL(".", import.meta.url));

/** Emits sw.js from web/sw-template.js with every built file listed for precaching. */
function serviceWorker(): Plugin {
  return {
    name: "steady-hold-service-worker",
    apply: "build",
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((name) => !name.endsWith(".map"));
      const publicFiles = ["manifest.webmanifest", "icon.svg", "icon-192.png", "icon-512.png"];
      const shell = ["./"].concat(files, publicFiles);
      const version = shell.join("|").length.toString(36) + "-" + Date.now().toString(36);
      const template = readFileSync(webRoot + "sw-template.js", "utf8");
      const source = template
        .replace("self.__SHELL__", JSON.stringify(shell))
        .replace("self.__VERSION__", JSON.stringify(version));
      this.emitFile({ type: "asset", fileName: "sw.js", source });
    },
  };
}

export default defineConfig({
  root: webRoot,
  base: "./",
  build: {
    outDir: "../build/web",
    emptyOutDir: true,
    target: "es2020",
    sourcemap: false,
  },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173 },
  plugins: [serviceWorker()],
});

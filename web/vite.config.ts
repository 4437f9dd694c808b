// Builds the staff apps into web/dist, which `brigade serve` serves. `npm run
// dev --workspace web` runs Vite's dev server with the API and Socket.IO
// proxied to a Brigade on localhost:8000 (scripts/run.sh). The build has no
// source maps: served from web/dist they would hand anyone the apps' whole
// source (the dev server still maps its modules).
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const brigade = process.env.BRIGADE_URL ?? "http://localhost:8000";

export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false },
  server: {
    proxy: {
      "/api": brigade,
      "/healthz": brigade,
      "/socket.io": { target: brigade, ws: true },
    },
  },
});

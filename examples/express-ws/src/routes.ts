/**
 * The example's HTTP API, as it was in the standalone server, with one change: `createApp()`
 * builds the Express app and returns it instead of calling `listen()` (the host serves it).
 */
import express from "express";
import expressPackage from "express/package.json";

export function createApp() {
  const app = express();
  app.use(express.json());
  app.get("/health", (_req, res) => {
    res.json({ status: "ok" });
  });
  // Which Express this app runs on: the one its own package.json names, not the host project's.
  app.get("/runtime", (_req, res) => {
    res.json({ express: expressPackage.version });
  });
  app.post("/api/echo", (req, res) => {
    res.status(200).json({ echoed: req.body ?? null });
  });
  return app;
}

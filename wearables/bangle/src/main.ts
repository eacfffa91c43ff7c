// Entry point of the bundle: the one file Espruino loads (steadyhold.app.js).
import { startApp } from "./app";

startApp();

// qkv: the public face of the library. Lessons, notebooks, exercises and solutions import only from here
// (`import { … } from "qkv"`). Each area's index.ts names what it makes public, one export at a time;
// anything not exported there is internal and may change without notice.
//
// Layers (an arrow = "may import"): tensor <- nn <- models <- train, generate, io <- course;
// text, data and viz use tensor only. The library never imports course/.
export * from "./tensor/index.js";
export * from "./nn/index.js";
export * from "./models/index.js";
export * from "./train/index.js";
export * from "./generate/index.js";
export * from "./io/index.js";
export * from "./text/index.js";
export * from "./data/index.js";
export * from "./viz/index.js";
export * from "./course/index.js";

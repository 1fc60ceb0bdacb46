// The build's version. scripts/build writes the real one into public/web/worker/build.js,
// made from the bytes of every file the app needs; answers kept by another build are not given.
export const BUILD = 'source';

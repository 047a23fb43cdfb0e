// Streams' own typings describe the global `connect` it defines, not a module, so a dynamic
// `import()` of it needs to know that the module itself exports nothing.
declare module 'amazon-connect-streams' {}

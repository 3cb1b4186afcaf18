// Stands in, in the CLI bundle only, for ssh2 (ssh:// engines): docker-modem reads `require("ssh2").Client` when it
// loads, and loading ssh2 costs every `cascade check` about 90 ms. The real module is loaded from node_modules the
// first time an ssh:// engine actually connects.
const { createRequire } = require("node:module");

let real;
const ssh2 = () => {
  real ??= createRequire(__filename)("ssh2");
  return real;
};

module.exports = {
  Client: function Client(...args) {
    return new (ssh2().Client)(...args);
  },
};

// Where the nplc executable is: the configured path (with ~ and
// ${workspaceFolder} expanded, relative to the workspace folder), or nplc on
// PATH. No dependency on the editor, so it is tested on its own.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

function isExecutable(file) {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

// { path } when found, { error } (a sentence for the user) when not. In an
// untrusted workspace (`trusted` false, VS Code's Restricted Mode) nothing is
// looked up: no program may be started there.
function findNplc(
  configured,
  { folder, envPath = process.env.PATH || '', platform = process.platform, trusted = true } = {},
) {
  if (!trusted) return { error: 'the workspace is not trusted (Restricted Mode), so nplc is not started' };
  if (configured) {
    let p = configured.replace(/^~(?=$|[\\/])/, os.homedir());
    if (folder) p = p.replace(/\$\{workspaceFolder\}/g, folder);
    if (!path.isAbsolute(p) && folder) p = path.join(folder, p);
    return isExecutable(p) ? { path: p } : { error: `npl.server.path is '${configured}', which is not an executable file` };
  }
  const names = platform === 'win32' ? ['nplc.exe', 'nplc.cmd'] : ['nplc'];
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (isExecutable(candidate)) return { path: candidate };
    }
  }
  return { error: 'nplc was not found on PATH' };
}

module.exports = { findNplc };

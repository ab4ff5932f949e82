// The node's HTTP API (PROTOCOL.md section 6): registering, getting a token,
// and uploading and downloading files with that token.

async function jsonOrError(response) {
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(body.message || `HTTP ${response.status}`);
    error.code = body.code || `http_${response.status}`;
    throw error;
  }
  return body;
}

function postJson(path, body) {
  return fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  }).then(jsonOrError);
}

/** Creates an account; resolves with {user_id}. */
export function register(username, password) {
  return postJson("/api/register", { username, password });
}

/** Resolves with {token, expires_in} for valid credentials. */
export function fetchToken(username, password) {
  return postJson("/api/token", { username, password });
}

/** Uploads `file` (a File or Blob); resolves with {file_id, size}. */
export function uploadFile(token, file) {
  return fetch("/api/files", {
    method: "POST",
    headers: {
      Authorization: `Bearer ${token}`,
      "Content-Type": file.type || "application/octet-stream",
    },
    body: file,
  }).then(jsonOrError);
}

/** Downloads file `fileId`; resolves with a Blob. */
export async function downloadFile(token, fileId) {
  const response = await fetch(`/api/files/${encodeURIComponent(fileId)}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw new Error(`file ${fileId}: HTTP ${response.status}`);
  return response.blob();
}

# Sourced by bin/serve after DATA is set: the local installation's SECRET_KEY.
# Generated once into $DATA/secret_key (mode 600) and reused, so sessions and links
# survive restarts; settings.py reads that file when neither SECRET_KEY nor
# SECRET_KEY_FILE is set. A key given in the environment wins and no file is made.
if [ -z "${SECRET_KEY:-}" ] && [ -z "${SECRET_KEY_FILE:-}" ] && [ ! -s "$DATA/secret_key" ]; then
  (
    umask 077
    head -c 48 /dev/urandom | base64 | tr -d '\n' >"$DATA/secret_key.new"
    mv "$DATA/secret_key.new" "$DATA/secret_key"
  )
  echo "Generated a secret key in $DATA/secret_key (kept for the next starts)."
fi

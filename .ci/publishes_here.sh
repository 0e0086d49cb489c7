#!/usr/bin/env bash
# Prints "true" when the GitHub repository given as $1 (owner/name, e.g. $GITHUB_REPOSITORY) is the one whose address
# _config.yml holds (repository.url), else "false": only that repository publishes the book to GitHub Pages, so a
# fork publishes after it writes its own address there. Case-insensitive; a trailing ".git" or "/" is ignored.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=${1:?usage: .ci/publishes_here.sh owner/name}
url=$(sed -n '/^repository:/,/^[^ ]/s/^  url: *\([^ #]*\).*/\1/p' _config.yml | head -n 1)
url=${url%/}; url=${url%.git}
if [ "$(printf %s "$url" | tr '[:upper:]' '[:lower:]')" = "$(printf %s "https://github.com/$repo" | tr '[:upper:]' '[:lower:]')" ]; then
  echo true
else
  echo false
fi

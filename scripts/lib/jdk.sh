# Finding JDKs, for scripts/test and scripts/demo (sourced, not run).

java_feature() { # prints the feature version of the java binary $1
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1
}

find_jdk() { # $1 = feature version; prints a JAVA_HOME or nothing
  local want=$1 candidate
  for candidate in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/* 2>/dev/null) $(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")" 2>/dev/null); do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    if [ "$(java_feature "$candidate/bin/java")" = "$want" ]; then
      echo "$candidate"
      return
    fi
  done
}

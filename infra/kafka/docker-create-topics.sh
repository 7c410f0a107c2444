#!/usr/bin/env bash
# docker-compose only (service kafka-setup, image apache/kafka): create the topics of topics.txt (mounted
# at /dibao/topics.txt) that do not exist yet. The native stack does the same in infra/local/lib/kafka.sh.
set -euo pipefail
: "${KAFKA_BOOTSTRAP:=kafka:29092}"
: "${TOPICS_FILE:=/dibao/topics.txt}"
topics="${KAFKA_TOPICS_BIN:-/opt/kafka/bin/kafka-topics.sh}"
sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$TOPICS_FILE" | while read -r name partitions; do
  "$topics" --bootstrap-server "$KAFKA_BOOTSTRAP" --create --if-not-exists --topic "$name" \
    --partitions "${partitions:-3}" --replication-factor 1
done
"$topics" --bootstrap-server "$KAFKA_BOOTSTRAP" --list

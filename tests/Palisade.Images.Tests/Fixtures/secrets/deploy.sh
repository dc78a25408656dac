#!/bin/sh
# tokens pasted into a script
export GITHUB_TOKEN=ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789
export GITLAB_TOKEN=glpat-aBcDeFgHiJkLmNoPqRsT
curl -X POST https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX

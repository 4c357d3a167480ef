//go:build race

package badgerstore

// raceEnabled cuts the crash rounds: under -race each child takes ~0.7 s to start.
const raceEnabled = true

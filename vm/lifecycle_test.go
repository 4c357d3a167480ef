package vm

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestLifecycleOrder(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name      string
		failStart string // service whose Start fails
		failStop  string // service whose Stop fails
		wantLog   []string
		wantStart string // substring of Start's error, "" for none
		wantStop  string // substring of Stop's error
	}{
		{"all well", "", "", []string{"start store", "start rec", "start gdb", "stop gdb", "stop rec", "stop store"}, "", ""},
		{"a start fails", "gdb", "", []string{"start store", "start rec", "start gdb", "stop rec", "stop store"}, "starting gdb: boom", ""},
		{"a stop fails, the rest still stop", "", "rec", []string{"start store", "start rec", "start gdb", "stop gdb", "stop rec", "stop store"}, "", "stopping rec: boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var log []string
			svc := func(name string) Service {
				return ServiceFuncs{Label: name,
					OnStart: func(context.Context) error {
						log = append(log, "start "+name)
						if name == tt.failStart {
							return boom
						}
						return nil
					},
					OnStop: func(context.Context) error {
						log = append(log, "stop "+name)
						if name == tt.failStop {
							return boom
						}
						return nil
					}}
			}
			var l Lifecycle
			ctx := context.Background()
			err := l.Start(ctx, svc("store"), svc("rec"), svc("gdb"))
			if tt.wantStart != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantStart) || !errors.Is(err, boom) {
					t.Fatalf("Start: %v, want %q wrapping the cause", err, tt.wantStart)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			err = l.Stop(ctx)
			if tt.wantStop != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantStop) {
					t.Fatalf("Stop: %v, want %q", err, tt.wantStop)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(log, tt.wantLog) {
				t.Fatalf("calls %q, want %q", log, tt.wantLog)
			}
			if err := l.Stop(ctx); err != nil || len(log) != len(tt.wantLog) {
				t.Fatalf("a second Stop: %v, calls %q", err, log)
			}
		})
	}
}

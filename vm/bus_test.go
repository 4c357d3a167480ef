package vm

import (
	"errors"
	"sync"
	"testing"
)

func TestBusDeliversInOrderAndStopsAtError(t *testing.T) {
	b := NewBus[int]()
	var got []int
	b.Handle(func(v int) error { got = append(got, v); return nil })
	fail := errors.New("store full")
	b.Handle(func(v int) error {
		if v == 3 {
			return fail
		}
		return nil
	})
	sub := b.Subscribe(10)
	for i := 1; i <= 4; i++ {
		err := b.Publish(i)
		if (i == 3) != errors.Is(err, fail) {
			t.Fatalf("publish %d: err = %v", i, err)
		}
	}
	if len(got) != 4 {
		t.Fatalf("first handler saw %v, want 1..4", got)
	}
	sub.Close()
	var async []int
	for v := range sub.C {
		async = append(async, v)
	}
	want := []int{1, 2, 4} // 3 failed in a synchronous handler
	if len(async) != len(want) {
		t.Fatalf("async got %v, want %v", async, want)
	}
	for i := range want {
		if async[i] != want[i] {
			t.Fatalf("async got %v, want %v", async, want)
		}
	}
}

func TestBusSlowSubscriberDropsWithoutBlocking(t *testing.T) {
	b := NewBus[int]()
	slow := b.Subscribe(2)
	fast := b.Subscribe(100)
	for i := 0; i < 10; i++ {
		if err := b.Publish(i); err != nil {
			t.Fatal(err)
		}
	}
	if d := slow.Dropped(); d != 8 {
		t.Fatalf("slow dropped %d, want 8", d)
	}
	if d := fast.Dropped(); d != 0 {
		t.Fatalf("fast dropped %d, want 0", d)
	}
	if v := <-slow.C; v != 0 {
		t.Fatalf("slow first value %d, want 0", v)
	}
}

func TestBusConcurrentPublishAndClose(t *testing.T) {
	b := NewBus[int]()
	var wg sync.WaitGroup
	subs := make([]*Subscription[int], 4)
	for i := range subs {
		subs[i] = b.Subscribe(8)
	}
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := 0; i < 1000; i++ {
			_ = b.Publish(i)
		}
	}()
	go func() {
		defer wg.Done()
		for _, s := range subs {
			s.Close()
			s.Close()
		}
	}()
	wg.Wait()
}

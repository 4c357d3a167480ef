package vm

import (
	"sync"
	"sync/atomic"
)

// Handler receives a published event synchronously, on the publisher's
// goroutine. An error stops delivery to later handlers and is returned to the
// publisher: the store is a synchronous handler, so a failed append reaches
// the command that caused it.
type Handler[T any] func(T) error

// Bus delivers published values to synchronous handlers, in subscription
// order, and then to asynchronous subscribers through bounded queues.
//
// Invariant: Publish never blocks on an asynchronous subscriber. When a
// subscriber's queue is full the value is dropped for that subscriber only
// and counted, so a slow screen can never stall the hart; the subscriber
// learns how much it missed from Dropped.
type Bus[T any] struct {
	mu    sync.RWMutex
	sync  []Handler[T]
	async []*Subscription[T]
}

// NewBus makes an empty bus.
func NewBus[T any]() *Bus[T] { return &Bus[T]{} }

// Subscription is an asynchronous subscriber's end of the bus.
type Subscription[T any] struct {
	// C delivers published values in order, with gaps where values were
	// dropped (see Dropped).
	C       <-chan T
	ch      chan T
	dropped atomic.Uint64
	bus     *Bus[T]
	once    sync.Once
}

// Dropped is the number of values not delivered because the queue was full.
func (s *Subscription[T]) Dropped() uint64 { return s.dropped.Load() }

// Close detaches the subscription and closes C. It is safe to call more than
// once and concurrently with Publish.
func (s *Subscription[T]) Close() {
	s.once.Do(func() {
		b := s.bus
		b.mu.Lock()
		for i, a := range b.async {
			if a == s {
				b.async = append(b.async[:i:i], b.async[i+1:]...)
				break
			}
		}
		b.mu.Unlock()
		close(s.ch)
	})
}

// Handle adds a synchronous handler.
func (b *Bus[T]) Handle(h Handler[T]) {
	b.mu.Lock()
	b.sync = append(b.sync, h)
	b.mu.Unlock()
}

// Subscribe adds an asynchronous subscriber with a queue of the given
// capacity (at least 1).
func (b *Bus[T]) Subscribe(capacity int) *Subscription[T] {
	if capacity < 1 {
		capacity = 1
	}
	ch := make(chan T, capacity)
	s := &Subscription[T]{C: ch, ch: ch, bus: b}
	b.mu.Lock()
	b.async = append(b.async, s)
	b.mu.Unlock()
	return s
}

// Publish hands v to every synchronous handler, stopping at the first error
// (which it returns, without notifying asynchronous subscribers: what was
// not committed must not be shown as having happened), then offers it to
// every asynchronous subscriber without blocking.
func (b *Bus[T]) Publish(v T) error {
	b.mu.RLock()
	defer b.mu.RUnlock()
	for _, h := range b.sync {
		if err := h(v); err != nil {
			return err
		}
	}
	for _, s := range b.async {
		select {
		case s.ch <- v:
		default:
			s.dropped.Add(1)
		}
	}
	return nil
}

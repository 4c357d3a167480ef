package vm

import (
	"context"
	"errors"
	"fmt"
)

// Service is a long-running part of a session: the store, the recording,
// the GDB server, the screen. Start returns once the service is ready (a
// service that runs in the background keeps its own goroutine); Stop ends
// it and releases what it holds.
type Service interface {
	Name() string
	Start(ctx context.Context) error
	Stop(ctx context.Context) error
}

// ServiceFuncs makes a Service of two functions; either may be nil.
type ServiceFuncs struct {
	Label   string
	OnStart func(ctx context.Context) error
	OnStop  func(ctx context.Context) error
}

// Name implements Service.
func (s ServiceFuncs) Name() string { return s.Label }

// Start implements Service.
func (s ServiceFuncs) Start(ctx context.Context) error {
	if s.OnStart == nil {
		return nil
	}
	return s.OnStart(ctx)
}

// Stop implements Service.
func (s ServiceFuncs) Stop(ctx context.Context) error {
	if s.OnStop == nil {
		return nil
	}
	return s.OnStop(ctx)
}

// Lifecycle starts services in order and stops them in reverse, so that a
// service can rely on every one started before it for as long as it runs
// (the GDB server on the recording, the recording on the store).
//
// Invariants: Stop stops exactly the services whose Start succeeded, each
// once, in reverse order, and goes on through failures (a store must be
// closed even when the recording could not be finished); a failed Start
// stops the ones already started before it returns.
type Lifecycle struct {
	started []Service
}

// Start starts each service in order. When one fails, the ones already
// started are stopped (in reverse) and the error names the service.
func (l *Lifecycle) Start(ctx context.Context, services ...Service) error {
	for _, s := range services {
		if err := s.Start(ctx); err != nil {
			err = fmt.Errorf("starting %s: %w", s.Name(), err)
			return errors.Join(err, l.Stop(context.WithoutCancel(ctx)))
		}
		l.started = append(l.started, s)
	}
	return nil
}

// Stop stops the started services in reverse order and joins their
// errors, each naming its service. Stopping twice does nothing more.
func (l *Lifecycle) Stop(ctx context.Context) error {
	var errs []error
	for i := len(l.started) - 1; i >= 0; i-- {
		s := l.started[i]
		if err := s.Stop(ctx); err != nil {
			errs = append(errs, fmt.Errorf("stopping %s: %w", s.Name(), err))
		}
	}
	l.started = nil
	return errors.Join(errs...)
}

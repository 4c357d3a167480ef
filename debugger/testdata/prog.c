/* Test guest of the debugger and GDB server tests. Each function is small
 * and named so that tests can break on it, step into and over it, and
 * watch the globals it touches. main returns 0 when every result is right. */

volatile long counter;
volatile long watched;
long table[8] = {1, 2, 3, 4, 5, 6, 7, 8};

int add(int a, int b)
{
	int r = a + b;
	return r;
}

long fact(long n)
{
	if (n <= 1)
		return 1;
	return n * fact(n - 1);
}

void poke(long v)
{
	watched = v;
}

long peek(void)
{
	return watched;
}

int main(void)
{
	int s = 0;
	for (int i = 0; i < 5; i++) {
		s = add(s, i);
		counter++;
	}
	poke(s);
	long r = peek();
	r += fact(5);
	poke(r + table[7]);
	return r == 130 && watched == 138 && counter == 5 ? 0 : 1;
}

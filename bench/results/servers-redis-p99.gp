set terminal svg size 800,500
set output '/work/main/build/bench/results/servers-redis-p99.svg'
set title 'redis: p99 latency against offered load'
set xlabel 'offered load (requests/s)'
set ylabel 'p99 latency (us)'
set key top left
set grid
plot '/work/main/build/bench/results/servers-redis-p99.dat' index 0 using 1:2 with linespoints title 'linux', '/work/main/build/bench/results/servers-redis-p99.dat' index 1 using 1:2 with linespoints title 'linux-mitigations', '/work/main/build/bench/results/servers-redis-p99.dat' index 2 using 1:2 with linespoints title 'ukl', '/work/main/build/bench/results/servers-redis-p99.dat' index 3 using 1:2 with linespoints title 'ukl-ret-bypass'

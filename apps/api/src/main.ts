import { main } from './bootstrap';

void main();

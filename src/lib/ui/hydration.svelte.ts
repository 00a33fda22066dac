// Whether this component runs in the browser with its handlers attached. Buttons whose work needs
// JavaScript stay disabled until then, so a tap on a slow phone before hydration cannot submit a form
// natively (and, for example, put a password into the address bar).
import { onMount } from 'svelte';

export class Hydration {
	ready = $state(false);

	constructor() {
		onMount(() => {
			this.ready = true;
		});
	}
}

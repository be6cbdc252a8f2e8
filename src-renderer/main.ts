// Renderer entry: pick the transport, build the state root, mount the window.
import { mount } from 'svelte'
import '@xterm/xterm/css/xterm.css'
import './app.css'
import App from './App.svelte'
import { getApi } from './lib/api'
import { AppState } from './state/app.svelte'

const app = new AppState(getApi())
mount(App, { target: document.getElementById('app')!, props: { app } })
void app.start()
